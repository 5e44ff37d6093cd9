import { Body, Controller, Get, HttpCode, Inject, Injectable, Logger, Module, NotFoundException, Param, Post, type DynamicModule, type OnModuleDestroy } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Public } from '../identity/auth.guard.js';

/**
 * The bare endpoints the HTTP benchmark (bench/http.bench.ts) measures the API against: the same
 * process, HTTP stack and database, but one raw INSERT or SELECT per request and nothing else (no
 * token, no validation, no command bus, no event store). Mounted only when BENCH_BASELINE_ROUTES=1
 * on a PostgreSQL event store; never set it in production (the routes are public).
 */
@Injectable()
class BaselinePool implements OnModuleDestroy {
  readonly pool: pg.Pool;
  private ready?: Promise<void>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // The size of the event store's pool, so that both sides have as many connections.
    this.pool = new pg.Pool({ connectionString: config.eventStoreUrl, max: 10 });
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  init(): Promise<void> {
    this.ready ??= this.pool.query('CREATE TABLE IF NOT EXISTS bench_baseline (id BIGSERIAL PRIMARY KEY, body JSONB NOT NULL)').then(() => undefined);
    return this.ready;
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}

@ApiExcludeController()
@Controller('api/bench/baseline')
class BenchBaselineController {
  constructor(private readonly db: BaselinePool) {}

  @Post('insert')
  @Public()
  @HttpCode(201)
  async insert(@Body() body: unknown): Promise<{ id: string }> {
    await this.db.init();
    const { rows } = await this.db.pool.query('INSERT INTO bench_baseline (body) VALUES ($1) RETURNING id', [JSON.stringify(body ?? {})]);
    return { id: String(rows[0].id) };
  }

  @Get('documents/:collection')
  @Public()
  async list(@Param('collection') collection: string): Promise<unknown[]> {
    const { rows } = await this.db.pool.query('SELECT doc FROM documents WHERE collection = $1', [collection]);
    return rows.map((r) => r.doc);
  }

  @Get('documents/:collection/:id')
  @Public()
  async one(@Param('collection') collection: string, @Param('id') id: string): Promise<unknown> {
    const { rows } = await this.db.pool.query('SELECT doc FROM documents WHERE collection = $1 AND id = $2', [collection, id]);
    if (!rows.length) throw new NotFoundException();
    return rows[0].doc;
  }
}

@Module({})
export class BenchBaselineModule {
  /** The baseline routes when BENCH_BASELINE_ROUTES=1 (PostgreSQL only); an empty module otherwise. */
  static forRoot(config: AppConfig, env: NodeJS.ProcessEnv = process.env): DynamicModule {
    if (env.BENCH_BASELINE_ROUTES !== '1') return { module: BenchBaselineModule };
    if (!/^postgres(ql)?:\/\//.test(config.eventStoreUrl)) throw new Error('BENCH_BASELINE_ROUTES=1 needs a PostgreSQL EVENT_STORE_URL');
    new Logger('bench').warn('BENCH_BASELINE_ROUTES=1: the public benchmark baseline routes under /api/bench/baseline are mounted; never in production');
    return { module: BenchBaselineModule, controllers: [BenchBaselineController], providers: [BaselinePool] };
  }
}
