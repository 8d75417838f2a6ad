import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  Get,
  SetMetadata,
} from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from './domain/roles';

export const PUBLIC_KEY = 'access:public';
export const ALLOW_KEY = 'access:allow';

/** No token needed (health probes, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Roles besides `admin` that may call the route. Routes without it are admin-only. */
export const Allow = (...roles: Exclude<Role, 'admin'>[]) => SetMetadata(ALLOW_KEY, roles);

/**
 * A read every role may call: GET, allowed to viewer and vendor tokens (the services narrow a vendor
 * to its own data), with its OpenAPI summary. `''` is the controller's own path.
 */
export const ReadRoute = (path: string, summary?: string) =>
  applyDecorators(Get(path), Allow('viewer', 'vendor'), ...(summary ? [ApiOperation({ summary })] : []));

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});
