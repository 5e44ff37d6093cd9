import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { INestApplicationContext } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { OPERATION, PUBLIC } from './auth.guard.js';
import type { Operation } from './permissions.js';

export interface RouteEntry {
  method: string;
  /** Express-style path, e.g. /api/v1/assessment-cases/:caseId */
  path: string;
  operation?: Operation;
  public: boolean;
}

const join = (...parts: string[]) => `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;

/** Every HTTP route of the running application with the operation it names (for the matrix test and docs). */
export function routeCatalogue(app: INestApplicationContext): RouteEntry[] {
  const scanner = new MetadataScanner();
  const routes: RouteEntry[] = [];
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance) continue;
    const type = instance.constructor;
    const base = (Reflect.getMetadata(PATH_METADATA, type) as string | undefined) ?? '';
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (path === undefined || method === undefined) continue;
      routes.push({
        method: RequestMethod[method],
        path: join(base, path),
        operation: Reflect.getMetadata(OPERATION, handler) ?? Reflect.getMetadata(OPERATION, type),
        public: Boolean(Reflect.getMetadata(PUBLIC, handler) ?? Reflect.getMetadata(PUBLIC, type)),
      });
    }
  }
  return routes;
}
