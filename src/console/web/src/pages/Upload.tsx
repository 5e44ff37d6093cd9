import { useState } from 'react';
import { upload } from '../api';
import { Field, ProblemNote } from '../components';
import { useI18n } from '../i18n';
import type { UploadedDocument } from '../types';

/** A file input that uploads what is chosen at once (POST /api/v1/documents), with its progress and any refusal. */
export function UploadField({ kind, label, onUploaded }: { kind: string; label: string; onUploaded: (document: UploadedDocument) => void }) {
  const { t, bytes } = useI18n();
  const [progress, setProgress] = useState<{ name: string; fraction: number }>();
  const [done, setDone] = useState<UploadedDocument>();
  const [error, setError] = useState<unknown>();
  return (
    <div className="upload" data-kind={kind}>
      <Field label={label}>
        {(id) => (
          <input
            id={id}
            type="file"
            onChange={async (event) => {
              const file = event.target.files?.[0];
              if (!file) return;
              setError(undefined);
              setDone(undefined);
              setProgress({ name: file.name, fraction: 0 });
              const form = new FormData();
              form.append('kind', kind);
              form.append('file', file);
              try {
                const document = await upload<UploadedDocument>('/api/v1/documents', form, (fraction) => setProgress({ name: file.name, fraction }));
                setDone(document);
                onUploaded(document);
              } catch (e) {
                setError(e);
              } finally {
                setProgress(undefined);
              }
            }}
          />
        )}
      </Field>
      {progress && (
        <div role="status">
          {t('apply.uploading', { name: progress.name })} <progress max={1} value={progress.fraction} aria-label={progress.name} />
        </div>
      )}
      {done && (
        <div role="status" className="uploaded">
          ✓ {t('apply.uploaded', { name: done.name, size: bytes(done.size) })}
        </div>
      )}
      <ProblemNote error={error} />
    </div>
  );
}
