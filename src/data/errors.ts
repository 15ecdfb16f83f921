/**
 * A problem with the user's input (file, column, value, option). The CLI prints its message
 * and exits with code 2; the HTTP API answers 400. Anything else is an internal failure.
 */
export class InputError extends Error {
  override name = 'InputError';
}

export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}
