import { Description, Field } from 'armature-mcp';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class TripRequest {
  @IsString()
  // Mirrored in an Mcp-Param-Destination header by 2026-07-28 HTTP clients, so a gateway can route on it.
  @Field({ description: 'Where to', header: 'Destination' })
  destination!: string;
}

/** The booking form the user fills in: flat primitives, an enum with titles, defaults. */
export class BookingForm {
  @IsString()
  @Description('Name on the booking')
  name!: string;

  @IsEmail()
  @Description('Where the confirmation goes')
  email!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9)
  @Description('Travellers')
  travellers = 1;

  @IsOptional()
  @IsIn(['economy', 'business'])
  @Field({ enumTitles: { economy: 'Economy', business: 'Business class' } })
  cabin = 'economy';

  @IsOptional()
  @IsBoolean()
  @Description('Add travel insurance')
  insurance = false;
}
