import { IsString } from 'class-validator';

export class CityArgs {
  @IsString() city!: string;
}

export class Confirmation {
  @IsString() answer!: string;
}
