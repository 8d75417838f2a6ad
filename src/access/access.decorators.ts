import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from './domain/roles';

export const PUBLIC_KEY = 'access:public';
export const ALLOW_KEY = 'access:allow';

/** No token needed (health probes, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Roles besides `admin` that may call the route. Routes without it are admin-only. */
export const Allow = (...roles: Exclude<Role, 'admin'>[]) => SetMetadata(ALLOW_KEY, roles);

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a public route');
  return principal;
});
