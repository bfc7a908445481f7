import { Router } from 'express';
import { openApiDocument, type Operation } from './document';
import { referencePage } from './reference-page';

/** The business API's contract, public (it holds no secret): JSON for tools, a page for people. */
export function openApiRoutes(publicUrl: string, extra: readonly Operation[] = []): Router {
  const router = Router();
  const document = openApiDocument(publicUrl, extra);
  const page = referencePage(document);
  router.get('/api/v1/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(document);
  });
  router.get('/api/v1/reference', (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('html').send(page);
  });
  return router;
}
