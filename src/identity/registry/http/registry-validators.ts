import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../domain/calendar-dates.js';
import { usccProblem } from '../domain/uscc.js';

/** Ids of experts and institutions as they appear in paths and stream ids. */
export const REGISTRY_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
export const REGISTRY_ID_MESSAGE = '$property must be 1 to 128 characters of letters, digits, ".", "_", ":", "@" or "-"';

/** A unified social credit code with a correct check character; the reason names the rule. */
export function IsUscc(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUscc',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && usccProblem(value) === undefined,
        defaultMessage: (args) =>
          typeof args?.value === 'string' ? `registry.invalid-uscc: ${usccProblem(args.value)?.en}` : 'registry.invalid-uscc: $property must be a string',
      },
    },
    options,
  );
}

/** A real calendar day written YYYY-MM-DD (2026-02-30 is refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: () => '$property must be a calendar date written YYYY-MM-DD',
      },
    },
    options,
  );
}

/** Refuses a malformed id in a path with 400 before it reaches a stream id. */
@Injectable()
export class RegistryIdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!REGISTRY_ID.test(value)) throw new BadRequestException(REGISTRY_ID_MESSAGE.replace('$property', metadata.data ?? 'id'));
    return value;
  }
}
