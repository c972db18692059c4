import { AppError } from '../../common/app-error';

/** A use case's refusal of the caller's input, kept whole: its code (to say it in words), message, details. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  details: { path: string; code: string; message: string }[];
}

export const refusalOf = (error: AppError): Refusal => ({
  status: error.status,
  code: error.code,
  message: error.message,
  details: error.details.map(({ path, code, message }) => ({ path, code, message })),
});

/**
 * Runs a use case; a refusal of the client's input (4xx other than 401, 403, 404, which are pages of their
 * own) comes back as a `Refusal` for the page to show, anything else goes on to the page filter.
 */
export async function refusable<T>(
  work: () => Promise<T>,
): Promise<{ value: T; refusal: null } | { value: null; refusal: Refusal }> {
  try {
    return { value: await work(), refusal: null };
  } catch (error) {
    if (error instanceof AppError && error.status < 500 && ![401, 403, 404].includes(error.status))
      return { value: null, refusal: refusalOf(error) };
    throw error;
  }
}
