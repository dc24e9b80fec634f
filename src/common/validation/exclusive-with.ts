import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * The property may not be given together with `other` (null counts as given). Pair it with a
 * rule that one of the two is required to get "exactly one of".
 */
export function ExclusiveWith(other: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'exclusiveWith',
      constraints: [other],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => value === undefined || (args?.object as Record<string, unknown>)[other] === undefined,
        defaultMessage: (args?: ValidationArguments) => `give either ${args?.property} or ${other}, not both`,
      },
    },
    options,
  );
}
