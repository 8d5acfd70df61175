import { Hono, type Context } from 'hono';
import deploymentSchema from '../../schemas/api/deployment.json';
import { deploy, type DeployInput } from '../definitions/deploy';
import { badRequest } from '../errors';
import { access, principalOf } from '../http/access';
import { readBody, validator } from '../http/body';
import type { AppEnv } from '../http/context';
import { findNul, nulRefused } from '../http/nul';
import { MAX_DEPLOYMENT_FILES } from '../../common/limits';
import type { Deps } from './deps';

const owners = access(['owner', 'admin']);
const checkDeployment = validator<DeployInput>(deploymentSchema);

/**
 * A multipart deployment (`curl -F resources=@a.bpmn -F resources=@a.form`): every file part is a
 * resource, named by its file name (a folder upload sends the path inside the folder); a `comment`
 * field is the comment. The same schema and budgets as the JSON body then apply.
 */
async function readMultipart(c: Context<AppEnv>): Promise<DeployInput> {
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    throw badRequest('The multipart body cannot be read');
  }
  const files = Object.values(form).flat().filter((v): v is File => v instanceof File);
  if (files.length > MAX_DEPLOYMENT_FILES) throw badRequest(`A deployment may have at most ${MAX_DEPLOYMENT_FILES} files`);
  const resources = await Promise.all(files.map(async (f) => ({ name: f.name, content: await f.text() })));
  const comment = typeof form.comment === 'string' ? form.comment : undefined;
  const input = { resources, ...(comment ? { comment } : {}) };
  const nul = findNul(input);
  if (nul) throw nulRefused(nul);
  return checkDeployment(input);
}

/** Deploying models (mounted at /api/deployments): one BPMN document, or the files of a Camunda project, all or nothing. */
export function deploymentRoutes({ engine }: Deps) {
  return new Hono<AppEnv>().post('/', owners, async (c) => {
    const multipart = (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
    const body = multipart ? await readMultipart(c) : await readBody<DeployInput>(c, deploymentSchema);
    const result = await deploy(engine, body, principalOf(c));
    const created = result.processes.some((p) => p.created) || result.forms.some((f) => f.created);
    return c.json(result, created ? 201 : 200);
  });
}
