import { Description, Field } from 'armature-mcp';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
} from 'class-validator';

export class SamplingArgs {
  @IsString()
  @Description('The prompt to send to the client model')
  prompt!: string;
}

export class ElicitationArgs {
  @IsString()
  @Description('The message to show the user')
  message!: string;
}

export class UserInfo {
  @IsOptional()
  @IsString()
  @Description('Your username')
  username?: string;

  @IsOptional()
  @IsString()
  @Field({ description: 'Your email address', format: 'email' })
  email?: string;
}

/** SEP-1034: every primitive kind with a default, taken from the property initializers. */
export class ProfileDefaults {
  @IsOptional()
  @IsString()
  name = 'John Doe';

  @IsOptional()
  @IsInt()
  age = 30;

  @IsOptional()
  @IsNumber()
  score = 95.5;

  @IsOptional()
  @IsIn(['active', 'inactive', 'pending'])
  status = 'active';

  @IsOptional()
  @IsBoolean()
  verified = true;
}

/** SEP-1330: untitled, titled and legacy single-select enums, untitled and titled multi-select. */
export class EnumChoices {
  @IsOptional()
  @IsIn(['option1', 'option2', 'option3'])
  untitledSingle?: string;

  @IsOptional()
  @IsIn(['value1', 'value2', 'value3'])
  @Field({ enumTitles: { value1: 'First Option', value2: 'Second Option', value3: 'Third Option' } })
  titledSingle?: string;

  @IsOptional()
  @IsIn(['opt1', 'opt2', 'opt3'])
  @Field({ enumNames: ['Option One', 'Option Two', 'Option Three'] })
  legacyEnum?: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsIn(['option1', 'option2', 'option3'], { each: true })
  untitledMulti?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsIn(['value1', 'value2', 'value3'], { each: true })
  @Field({ enumTitles: { value1: 'First Choice', value2: 'Second Choice', value3: 'Third Choice' } })
  titledMulti?: string[];
}

export class PromptArguments {
  @IsString()
  @Description('First test argument')
  arg1!: string;

  @IsString()
  @Description('Second test argument')
  arg2!: string;
}

export class EmbeddedResourceArguments {
  @IsString()
  @Description('URI of the resource to embed')
  resourceUri!: string;
}
