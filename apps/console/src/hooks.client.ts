import type { HandleClientError } from '@sveltejs/kit/hooks';
import { errorMessage } from '#lib/api.ts';

/** An unexpected error (the server down while a page loads) reads as a sentence, not "Internal Error". */
export const handleError: HandleClientError = ({ error }) => ({ message: errorMessage(error) });
