import { Description } from 'armature-mcp';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

export class ReportArgs {
  @IsString()
  @MinLength(3)
  @Description('What the report is about')
  topic!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  @Description('How many sections to write')
  sections = 3;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5000)
  @Description('Milliseconds spent on each section')
  msPerSection = 200;

  @IsOptional()
  @IsBoolean()
  @Description('Ask the user before publishing the report')
  confirm = false;
}

export class PublishChoice {
  @IsBoolean()
  @Description('Publish the report now?')
  publish!: boolean;
}
