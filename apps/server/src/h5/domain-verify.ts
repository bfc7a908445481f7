import { Router } from 'express';

/**
 * WeCom's domain ownership files (`WW_verify_<code>.txt`, from WECOM_DOMAIN_VERIFY) at the site
 * root, as plain text: set in the environment, so a rebuild of the page cannot wipe them.
 */
export function domainVerifyRoutes(files: Readonly<Record<string, string>>): Router {
  const router = Router();
  router.get('/:file', (req, res, next) => {
    const content = Object.hasOwn(files, req.params.file) ? files[req.params.file] : undefined;
    if (content === undefined) return next();
    res.type('text/plain').set('Cache-Control', 'no-cache').send(content);
  });
  return router;
}
