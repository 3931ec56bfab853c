import { Description } from 'armature-mcp';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class NewTicket {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Description('What is wrong, in one line')
  title!: string;
}
