import { Body, Controller, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, type Clock } from '../shared/clock.js';
import { Public } from '../identity/auth.guard.js';
import { signToken } from '../identity/jwt.js';
import { DEMO_USERS } from './demo-users.js';
import { DevSignInDto } from './dev-sign-in.dto.js';
import { devSignInAvailable } from './console-settings.js';

/** How long a development sign-in lasts. */
export const DEV_SESSION_SECONDS = 8 * 3600;

/**
 * 开发登录: the console's development sign-in, for machines with no identity provider. It signs
 * an HS256 token for one of the demo users, so anyone who can reach it can act as any of them:
 * ConsoleModule registers it only outside production and without an OIDC issuer (otherwise the
 * route does not exist, 404), and it refuses again here should the configuration say otherwise.
 */
@ApiTags('console')
@Controller('api/v1/dev')
export class DevSignInController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('sign-in')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'development only: a token for a demo user (absent in production and when OIDC_ISSUER is set)' })
  signIn(@Body() body: DevSignInDto) {
    if (!devSignInAvailable(this.config)) throw new NotFoundException('Cannot POST /api/v1/dev/sign-in');
    const user = DEMO_USERS.find((u) => u.sub === body.sub);
    if (!user) throw new NotFoundException(`There is no demo user "${body.sub}".`);
    const now = this.clock.now().getTime();
    const token = signToken({ sub: user.sub, name: user.name['zh-CN'], roles: [user.role], institutionId: user.institutionId }, this.config.jwtSecret!, DEV_SESSION_SECONDS, now);
    return { token, expiresAt: new Date(now + DEV_SESSION_SECONDS * 1000).toISOString(), user };
  }
}
