import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors/domain-error';
import { ALLOW_KEY, PUBLIC_KEY, type AuthenticatedRequest } from './access.decorators';
import { AccessService } from './access.service';
import { isAllowed, type Role } from './domain/roles';

/** Global guard: a valid token for every non-public route, and a role the route allows. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.access.authenticate(request.headers.authorization);
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOW_KEY, targets) ?? [];
    if (!isAllowed(principal.role, allowed)) {
      throw new DomainError('forbidden', `The ${principal.role} role may not call this endpoint`);
    }
    return true;
  }
}
