import { Controller, Get } from '@nestjs/common';
import { Page } from '../page.decorator';
import { htmlDocument } from '../views/render';
import { Web, WebContext } from '../web-context';
import { AdminHomePage } from './admin-home-page';

@Controller('app/admin')
export class AdminHomeController {
  /** The administration's start: members and roles, API keys, the organization's settings. */
  @Get()
  @Page('admin')
  show(@Web() web: WebContext): string {
    return htmlDocument(<AdminHomePage web={web} />);
  }
}
