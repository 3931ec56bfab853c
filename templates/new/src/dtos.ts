import { Description } from 'armature-mcp';
import { IsIn, IsOptional, IsString, MinLength } from 'class-validator';

/** The languages the server can greet in: each validator below also becomes the tool's JSON Schema. */
export const GREETINGS = { en: 'Hello', fr: 'Bonjour', es: 'Hola', de: 'Hallo' } as const;
export type Language = keyof typeof GREETINGS;
export const LANGUAGES = Object.keys(GREETINGS) as Language[];

export class GreetArgs {
  @IsString()
  @MinLength(1)
  @Description('Who to greet')
  name!: string;

  @IsOptional()
  @IsIn(LANGUAGES)
  @Description('The language of the greeting')
  language: Language = 'en';
}

export class WelcomeArgs {
  @IsString()
  @Description('The name of the new team member')
  name!: string;

  @IsOptional()
  @IsString()
  @Description('Their team, if known')
  team?: string;
}
