import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { devSignInAvailable } from './console-settings.js';
import { DevSignInController } from './dev-sign-in.controller.js';

/**
 * 控制台: the web console's server side. The pages themselves are static files served by
 * serveConsole (app.setup.ts); this module adds the development sign-in where it may exist.
 */
@Module({})
export class ConsoleModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConsoleModule, controllers: devSignInAvailable(config) ? [DevSignInController] : [] };
  }
}
