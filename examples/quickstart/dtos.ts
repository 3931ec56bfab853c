import { Description } from 'armature-mcp';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';

export class ForecastArgs {
  @IsString()
  @MinLength(2)
  @Description('City name, e.g. "Oslo"')
  city!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7)
  @Description('How many days to forecast')
  days = 3;

  @IsOptional()
  @IsIn(['celsius', 'fahrenheit'])
  @Description('Temperature unit')
  unit: 'celsius' | 'fahrenheit' = 'celsius';
}

export class TripArgs {
  @IsString()
  @Description('Where the trip goes')
  city!: string;

  @IsOptional()
  @IsString()
  @Description('What the traveller likes doing')
  interests?: string;
}
