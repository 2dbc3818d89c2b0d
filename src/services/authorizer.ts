/**
 * The seam every command passes before it acts. Today the decision is the operator's roles; the
 * approval workflow (R13) plugs in by wrapping this with an Authorizer that also asks for a grant.
 */
import { decideAccess, type AccessDecision } from '../core/access-policy.js';
import type { Access } from '../core/types.js';
import type { OperatorService } from './operators.js';

export interface AuthorizationRequest {
  /** The OS account behind the command. */
  osUser: string;
  access: Access;
  /** What the act is about (a recording, an export), for authorizers that decide per target. */
  target?: string | null;
}

export interface Authorizer {
  authorize(req: AuthorizationRequest): AccessDecision;
}

export class RoleAuthorizer implements Authorizer {
  constructor(private readonly operators: OperatorService) {}

  authorize(req: AuthorizationRequest): AccessDecision {
    return decideAccess(req.osUser, this.operators.get(req.osUser), req.access);
  }
}
