/** The review API's refusals of a reference photo change, in words a holder can act on (options page). */
import { ApiError, NetworkError } from '../../utils/api-client';
import { errorText } from '../../utils/pages';

/** The types REFERENCE_PHOTO_TYPES names, as people call them. */
export const TYPE_NAMES = 'JPEG, PNG, WebP, GIF or AVIF';

/** An API error in the words a holder can act on. */
export function explain(e: unknown, file?: File): string {
  if (e instanceof NetworkError) return `the review API could not be reached or failed (${e.message}); try again`;
  if (!(e instanceof ApiError)) return errorText(e);
  switch (e.status) {
    case 401:
      return 'the token was refused (401): check the token above';
    case 403:
      return `this token may not change this item (403: ${e.message})`;
    case 404:
      return 'this token has no such item (404): sync the catalogue and pick the item again';
    case 413:
      return `too large for the review API (413)${file ? `: ${(file.size / 1_048_576).toFixed(1)} MiB` : ''}`;
    case 415:
      return `unsupported type (415): ${TYPE_NAMES} only`;
    default:
      return `refused (${e.status} ${e.code}): ${e.message}`;
  }
}
