import { Description } from 'armature-mcp';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class WriteNote {
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Description('The note; surrounding whitespace is trimmed')
  text!: string;
}

export class SearchNotes {
  @IsString()
  @Description('Words to look for (case does not matter)')
  query!: string;
}

export class ExportNotes {
  @IsIn(['csv', 'pdf'])
  @Description('csv or pdf')
  format!: 'csv' | 'pdf';
}

export class TeamMessage {
  @IsString()
  @MinLength(1)
  message!: string;
}

export class DigestArgs {
  @IsString()
  @Description('The week, e.g. 2026-W49')
  week!: string;

  @IsOptional()
  @IsString()
  tone?: string;
}
