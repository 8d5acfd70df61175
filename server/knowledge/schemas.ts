import articleSchema from '../../schemas/api/article.json';

// ajv resolves the $refs inside $defs against each wrapper's $id. The routes validate with these
// very objects and the OpenAPI document describes them (server/openapi/catalogue/knowledge.ts).
const def = (name: string) => ({ $id: `urn:lotse:api:article:${name}`, $defs: articleSchema.$defs, $ref: `#/$defs/${name}` });

/** The JSON bodies of /api/articles. */
export const articleBodies = {
  create: def('create'), update: def('update'), transition: def('transition'), vote: def('vote'),
  fromRequest: def('fromRequest'), session: def('session'), sessionEnd: def('sessionEnd'),
};
