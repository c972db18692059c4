import { User } from '../auth/user.entity';
import { MemberDto } from './dto/organization-response.dto';
import { Membership } from './membership.entity';

/** A membership as the API and the audit log show it. */
export const memberView = (m: Membership, u: Pick<User, 'email' | 'displayName'>): MemberDto => ({
  userId: m.userId,
  email: u.email,
  displayName: u.displayName,
  role: m.role,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});
