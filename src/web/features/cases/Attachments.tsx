import { Anchor, Button, FileInput, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/types.js';
import { ErrorText } from '../../components/ErrorText.js';
import { useFormat } from '../../i18n/format.js';
import { useUpload } from './queries.js';

const KB = 1024;
const sizeOf = (bytes: number) =>
  bytes < KB * KB ? `${Math.ceil(bytes / KB)} KB` : `${(bytes / KB / KB).toFixed(1)} MB`;

/** The case's files, each a download, and an upload field; files on internal notes reach only staff. */
export function Attachments({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const upload = useUpload(detail.partnerId, detail.id);
  const [files, setFiles] = useState<File[]>([]);
  const base = `/api/v1/partners/${detail.partnerId}/cases/${detail.id}/attachments`;
  return (
    <Stack gap="xs">
      <Title order={4}>{t('cases.attachments')}</Title>
      {detail.attachments.length === 0 && <Text c="dimmed">{t('cases.noAttachments')}</Text>}
      {detail.attachments.map((file) => (
        <Text key={file.id} size="sm" style={{ overflowWrap: 'anywhere' }}>
          <Anchor href={`${base}/${file.id}`} download={file.fileName}>
            {file.fileName}
          </Anchor>{' '}
          · {sizeOf(file.sizeBytes)} · {file.uploaderName} · {format.dateTime(file.createdAt)}
          {file.internal && ` · ${t('cases.internalBadge')}`}
        </Text>
      ))}
      {detail.status !== 'closed' && (
        <Group gap="xs" align="end" wrap="wrap">
          <FileInput
            label={t('cases.addFiles')}
            description={t('cases.fileRules')}
            multiple
            clearable
            value={files}
            onChange={setFiles}
            miw={240}
          />
          <Button
            variant="default"
            disabled={files.length === 0}
            loading={upload.isPending}
            onClick={() => upload.mutate(files, { onSuccess: () => setFiles([]) })}
          >
            {t('cases.upload')}
          </Button>
        </Group>
      )}
      <ErrorText error={upload.error} />
    </Stack>
  );
}
