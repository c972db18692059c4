import { Module } from '@nestjs/common';
import { MetersModule } from '../../meters/meters.module';
import { OrganizationsModule } from '../../organizations/organizations.module';
import { WebCoreModule } from '../web-core.module';
import { AdminHomeController } from './admin-home.controller';
import { ApiKeysPageController } from './api-keys-page.controller';
import { ApiKeysPageService } from './api-keys-page.service';
import { MembersPageController } from './members-page.controller';
import { MembersPageService } from './members-page.service';
import { OrganizationSettingsController } from './organization-settings.controller';

/** Administration: members and roles, API keys, organization settings and RE100 commitment. */
@Module({
  imports: [WebCoreModule, OrganizationsModule, MetersModule],
  controllers: [
    AdminHomeController,
    MembersPageController,
    ApiKeysPageController,
    OrganizationSettingsController,
  ],
  providers: [MembersPageService, ApiKeysPageService],
})
export class AdminPagesModule {}
