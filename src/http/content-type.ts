// Which kind of body a request says it carries: the error layer, the JSON-only guard and the
// routes that take both JSON and form posts read Content-Type the same way.

/** `application/json` or a `+json` type, with or without parameters. */
export function isJsonType(contentType: string | undefined): boolean {
  return /^\s*application\/(.+\+)?json\s*(;|$)/i.test(contentType ?? '');
}

/** A form post: urlencoded or multipart. */
export function isFormType(contentType: string | undefined): boolean {
  return /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(contentType ?? '');
}
