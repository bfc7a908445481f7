import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../openapi/document';

interface Route {
  method: string;
  pattern: RegExp;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}

/**
 * Checks answers of the business API against its OpenAPI document: every answer the harness
 * sees must be of a documented operation, status and shape (the contract integrators code to).
 */
export function contractChecker(document = openApiDocument('http://localhost')) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const routes: Route[] = [];
  for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, Route['responses']>>)) {
    const pattern = new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`);
    for (const [method, op] of Object.entries(methods)) {
      routes.push({ method, pattern, responses: (op as { responses: Route['responses'] }).responses });
    }
  }
  return (method: string, url: string, status: number, body: unknown): string | null => {
    const path = url.split('?', 1)[0] ?? url;
    const route = routes.find((r) => r.method === method.toLowerCase() && r.pattern.test(path));
    if (!route) return path.startsWith('/api/v1/') ? `${method} ${path} is not in the OpenAPI document` : null;
    const response = route.responses[String(status)] ?? (status >= 400 ? route.responses.default : undefined);
    if (!response) return `${method} ${path} answered ${status}, which the document does not list`;
    const schema = response.content?.['application/json']?.schema;
    if (!schema || typeof body !== 'object' || body === null) return null;
    const validate = ajv.compile(schema);
    return validate(body) ? null : `${method} ${path} ${status}: ${ajv.errorsText(validate.errors)}`;
  };
}
