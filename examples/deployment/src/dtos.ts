import { Description } from 'armature-mcp';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class EchoArgs {
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Description('The text to send back')
  text!: string;
}
