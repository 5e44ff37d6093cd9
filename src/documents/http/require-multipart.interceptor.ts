import { Injectable, UnsupportedMediaTypeException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/**
 * Refuses with 415 a request to an upload route whose body is not multipart/form-data, before the
 * multipart parser runs: the parser skips any other body, and the route would then answer as if
 * the form had no file.
 */
@Injectable()
export class RequireMultipartInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.is('multipart/form-data')) {
      throw new UnsupportedMediaTypeException('An upload is a form: send it as multipart/form-data with the fields "file" and "kind".');
    }
    return next.handle();
  }
}
