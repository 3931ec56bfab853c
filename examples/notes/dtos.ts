import { Description } from 'armature-mcp';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class NewNote {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Description('A short title')
  title!: string;

  @IsString()
  @MaxLength(10_000)
  @Description('The text of the note')
  body!: string;
}

export class Unlock {
  @IsString()
  @Description('The admin passphrase')
  passphrase!: string;
}
