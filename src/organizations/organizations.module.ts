import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { InvitationsController, PlatformInvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';

@Module({
  imports: [AuthModule],
  controllers: [
    OrganizationsController,
    MembersController,
    InvitationsController,
    PlatformInvitationsController,
  ],
  providers: [OrganizationsService, MembersService, InvitationsService],
  exports: [OrganizationsService, MembersService, InvitationsService],
})
export class OrganizationsModule {}
