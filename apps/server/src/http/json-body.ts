import express, { type RequestHandler } from 'express';
import { findControlCharacters, hasControlCharacters } from '@kequn/contracts';
import { badRequest } from './api-error';

const controlCharacters = (where: string) =>
  badRequest('control_characters', `${where} contains a control character (such as NUL); remove it.`);

/**
 * The one JSON body parser of our API: besides parsing, it refuses control characters anywhere
 * in the body (keys too), so no route can store what PostgreSQL refuses or a page cannot show.
 */
export function jsonBody(limit: string): RequestHandler {
  const parse = express.json({ limit });
  return (req, res, next) => {
    parse(req, res, (err?: unknown) => {
      if (err) return next(err);
      const at = findControlCharacters(req.body);
      next(at ? controlCharacters(`body.${at}`) : undefined);
    });
  };
}

/**
 * Paths and query strings carry no control characters either (a decoded %00 included). Tab and
 * line breaks are left to the routes, which refuse them with their own codes; a broken escape
 * is left to Express's own 400.
 */
export const refuseControlCharactersInUrl: RequestHandler = (req, _res, next) => {
  next(controlCharactersInUrl(req.originalUrl) ?? undefined);
};

/** The refusal for a URL holding a control character once decoded (also for the lanes ahead of Express). */
export function controlCharactersInUrl(url: string): ReturnType<typeof badRequest> | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    return null;
  }
  return hasControlCharacters(decoded) ? controlCharacters('The URL') : null;
}
