import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { CommentDisposition } from '../../../events/specification.events.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { DOCUMENT_STORE, type DocumentStore } from '../../documents/document-store.port.js';
import { InvalidDataError, NotFoundError } from '../../shared/domain-error.js';
import { diffText, type TextDiff } from '../domain/text-diff.js';
import type { SpecificationProjectStatus } from '../domain/specification-project.js';
import { SPECIFICATIONS, type SpecificationRecord } from '../projections/specifications.projection.js';

/** Specification projects, optionally those in one status. */
export class ListSpecificationsQuery extends Query<SpecificationRecord[]> {
  constructor(readonly status?: Exclude<SpecificationProjectStatus, 'NONE'>) {
    super();
  }
}

/** One project with its versions, comments and dispositions, and meeting records. */
export class GetSpecificationQuery extends Query<SpecificationRecord> {
  constructor(readonly projectId: string) {
    super();
  }
}

/** The comment and disposition table of one project as CSV (UTF-8 with BOM, zh-CN headings). */
export class GetCommentTableCsvQuery extends Query<string> {
  constructor(readonly projectId: string) {
    super();
  }
}

/** 地方计量技术规范目录: one published specification. */
export interface CatalogueEntry {
  projectId: string;
  number: string;
  title: string;
  publishedOn: string;
  status: SpecificationProjectStatus;
  effectiveOn?: string;
}

/** The published catalogue: every specification given a number, in number order. */
export class GetCatalogueQuery extends Query<CatalogueEntry[]> {}

async function recordOf(store: EventStore, projectId: string): Promise<SpecificationRecord> {
  const record = await store.getDocument<SpecificationRecord>(SPECIFICATIONS, projectId);
  if (!record) throw new NotFoundError({ en: `No specification project ${projectId}.`, 'zh-CN': `不存在规范制修订项目 ${projectId}。` });
  return record;
}

@QueryHandler(ListSpecificationsQuery)
export class ListSpecificationsHandler implements IQueryHandler<ListSpecificationsQuery, SpecificationRecord[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ status }: ListSpecificationsQuery): Promise<SpecificationRecord[]> {
    const all = await this.store.listDocuments<SpecificationRecord>(SPECIFICATIONS);
    return all.filter((r) => status === undefined || r.status === status).sort((a, b) => a.proposedAt.localeCompare(b.proposedAt));
  }
}

@QueryHandler(GetSpecificationQuery)
export class GetSpecificationHandler implements IQueryHandler<GetSpecificationQuery, SpecificationRecord> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute({ projectId }: GetSpecificationQuery): Promise<SpecificationRecord> {
    return recordOf(this.store, projectId);
  }
}

const DISPOSITION_ZH: Record<CommentDisposition, string> = { ADOPTED: '采纳', PARTLY_ADOPTED: '部分采纳', NOT_ADOPTED: '不采纳' };

/** A CSV field, quoted when it holds a separator, a quote or a line break; a leading formula character is neutralised. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** 征求意见汇总处理表: 序号, 章条编号, 意见内容, 提出单位, 处理意见, 理由. */
export function commentTableCsv(record: SpecificationRecord): string {
  const rows = [['序号', '章条编号', '意见内容', '提出单位', '处理意见', '理由']];
  record.comments.forEach((c, i) => {
    const from = c.source === 'INSTITUTION' ? (c.institutionId ?? '') : c.commenterName ? `${c.commenterName}（公众）` : '公众';
    rows.push([String(i + 1), c.clause, c.text, from, c.disposition ? DISPOSITION_ZH[c.disposition] : '未处理', (c.reasons ?? []).join('；')]);
  });
  return `\uFEFF${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

@QueryHandler(GetCommentTableCsvQuery)
export class GetCommentTableCsvHandler implements IQueryHandler<GetCommentTableCsvQuery, string> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ projectId }: GetCommentTableCsvQuery): Promise<string> {
    return commentTableCsv(await recordOf(this.store, projectId));
  }
}

@QueryHandler(GetCatalogueQuery)
export class GetCatalogueHandler implements IQueryHandler<GetCatalogueQuery, CatalogueEntry[]> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<CatalogueEntry[]> {
    const all = await this.store.listDocuments<SpecificationRecord>(SPECIFICATIONS);
    return all
      .filter((r) => r.number && r.publishedOn)
      .map((r) => ({
        projectId: r.projectId,
        number: r.number!,
        title: r.title,
        publishedOn: r.publishedOn!,
        status: r.status,
        ...(r.effectiveOn ? { effectiveOn: r.effectiveOn } : {}),
      }))
      .sort((a, b) => a.number.localeCompare(b.number));
  }
}

/** The line diff between two recorded draft versions whose content is in the document store. */
export class GetVersionDiffQuery extends Query<VersionDiff> {
  constructor(
    readonly projectId: string,
    readonly from: string,
    readonly to: string,
  ) {
    super();
  }
}

export interface VersionDiff extends TextDiff {
  from: { versionLabel: string; sha256: string; name: string };
  to: { versionLabel: string; sha256: string; name: string };
}

@QueryHandler(GetVersionDiffQuery)
export class GetVersionDiffHandler implements IQueryHandler<GetVersionDiffQuery, VersionDiff> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
  ) {}

  async execute({ projectId, from, to }: GetVersionDiffQuery): Promise<VersionDiff> {
    const record = await recordOf(this.store, projectId);
    const [a, b] = [from, to].map((label) => {
      const version = record.versions?.find((v) => v.versionLabel === label);
      if (!version) throw new NotFoundError({ en: `Project ${projectId} has no draft version ${label}.`, 'zh-CN': `项目 ${projectId} 没有草案版本 ${label}。` });
      return version;
    });
    const [oldText, newText] = await Promise.all([this.text(a.versionLabel, a.sha256), this.text(b.versionLabel, b.sha256)]);
    let diff: TextDiff;
    try {
      diff = diffText(oldText, newText);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new InvalidDataError('specification.diff-too-large', { en: `Versions ${from} and ${to} differ in too many lines to compare.`, 'zh-CN': `版本 ${from} 与 ${to} 差异行数过多，无法比较。` });
    }
    const side = (v: typeof a) => ({ versionLabel: v.versionLabel, sha256: v.sha256, name: v.name });
    return { from: side(a), to: side(b), ...diff };
  }

  /** The version's content as UTF-8 text; a draft that is not plain text or Markdown cannot be compared line by line. */
  private async text(label: string, sha256: string): Promise<string> {
    const content = await this.documents.get(sha256);
    if (!content) throw new NotFoundError({ en: `The content of draft version ${label} has not been uploaded.`, 'zh-CN': `草案版本 ${label} 的文件尚未上传。` });
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch {
      throw new InvalidDataError('specification.draft-not-text', { en: `Draft version ${label} is not UTF-8 text; only plain-text or Markdown drafts are compared.`, 'zh-CN': `草案版本 ${label} 不是 UTF-8 文本，只能比较纯文本或 Markdown 草案。` });
    }
  }
}
