import { CompensationType, IN_KIND_TYPES, MONEY_TYPES } from './compensation.enums';

export interface PointRate {
  /** `points` points are worth `minorUnits` minor units of the limits' currency. */
  points: number;
  minorUnits: number;
}

export interface ProposalInput {
  type: CompensationType;
  amount?: number;
  currency?: string;
  points?: number;
}

export interface FieldError {
  field: string;
  message: string;
}

const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isKnownCurrency(code: string): boolean {
  return KNOWN_CURRENCIES.has(code);
}

/**
 * The cross-field rules of a proposal's body (each field's own type and range is checked by
 * the DTO): money and in-kind types name an amount with a currency and no points; points name
 * points and no money; the currency must be one the limits are kept in (no exchange rates here).
 */
export function proposalInputErrors(input: ProposalInput, limitsCurrency: string): FieldError[] {
  const errors: FieldError[] = [];
  if (input.type === 'points') {
    if (input.points === undefined) errors.push({ field: 'points', message: 'a points proposal needs points' });
    if (input.amount !== undefined) errors.push({ field: 'amount', message: 'a points proposal gives points, not money: leave amount out' });
    if (input.currency !== undefined) errors.push({ field: 'currency', message: 'a points proposal has no currency' });
    return errors;
  }
  const what = MONEY_TYPES.includes(input.type) ? 'the amount' : 'its stated value';
  if (input.points !== undefined) errors.push({ field: 'points', message: `a ${input.type} proposal names money, not points: leave points out` });
  if (input.amount === undefined) errors.push({ field: 'amount', message: `a ${input.type} proposal needs ${what} in minor units` });
  if (input.currency === undefined) errors.push({ field: 'currency', message: `a ${input.type} proposal needs the currency of ${what}` });
  else if (!isKnownCurrency(input.currency)) errors.push({ field: 'currency', message: `${input.currency} is not an ISO 4217 currency code` });
  else if (input.currency !== limitsCurrency) errors.push({ field: 'currency', message: `proposals are valued in ${limitsCurrency}, the currency of the approval limits` });
  return errors;
}

/** What a (valid) proposal is worth in minor units of the limits' currency; points at the configured rate, rounded up. */
export function proposalValue(input: ProposalInput, rate: PointRate): number {
  if (input.type === 'points') {
    const value = (BigInt(input.points!) * BigInt(rate.minorUnits) + BigInt(rate.points) - 1n) / BigInt(rate.points);
    return Number(value);
  }
  return input.amount!;
}

export const isInKind = (type: CompensationType) => IN_KIND_TYPES.includes(type);
