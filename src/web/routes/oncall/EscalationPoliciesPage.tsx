import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EscalationPolicy, User } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { QueryState } from '../../components/QueryState.js';
import { canEditOncall } from '../../features/escalation/access.js';
import { PolicyEditor } from '../../features/escalation/PolicyEditor.js';
import { usePagingTargets } from '../../features/escalation/people.js';
import { useDeletePolicy, usePolicies } from '../../features/escalation/queries.js';
import { RowActions } from '../../features/sla/parts.js';

/** Each level in words: "1. Ada Admin, Primary rotation — 30 min". */
function Levels({
  policy,
  nameOf,
}: {
  policy: EscalationPolicy;
  nameOf: (type: string, id: string) => string;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      {policy.levels.map((level, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a level is its position
        <Text key={index} size="sm">
          {t('escalation.levelSummary', {
            level: index + 1,
            targets: level.targets.map((target) => nameOf(target.type, target.id)).join(', ') || '—',
            minutes: level.delayMinutes,
          })}
        </Text>
      ))}
    </Stack>
  );
}

/** Escalation policies: who is paged at each level and for how long, and how often the levels repeat. */
export function EscalationPoliciesPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const policies = usePolicies();
  const targets = usePagingTargets();
  const remove = useDeletePolicy();
  const [editing, setEditing] = useState<string | null>(null);
  // The editor starts afresh when another item is chosen, not when a new one is saved (it keeps "Saved.").
  const [editorKey, setEditorKey] = useState(0);
  // What was just saved, until the list has it again.
  const [saved, setSaved] = useState<EscalationPolicy | null>(null);
  const current =
    policies.data?.find((policy) => policy.id === editing) ?? (saved?.id === editing ? saved : null);
  const choose = (id: string) => {
    setEditing(id);
    setEditorKey((key) => key + 1);
  };
  const writer = canEditOncall(user);
  return (
    <Stack>
      <Title order={2}>{t('escalation.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('escalation.explain')}
      </Text>
      <QueryState isLoading={policies.isLoading} error={policies.error}>
        <DataTable<EscalationPolicy>
          minWidth={640}
          columns={[
            t('escalation.name'),
            t('escalation.levels'),
            t('escalation.repeat'),
            ...(writer ? [''] : []),
          ]}
          rows={policies.data}
          empty={t('escalation.none')}
          row={(policy) => (
            <Table.Tr key={policy.id}>
              <Table.Td>{policy.name}</Table.Td>
              <Table.Td>
                <Levels policy={policy} nameOf={targets.nameOf} />
              </Table.Td>
              <Table.Td>{policy.repeat}</Table.Td>
              {writer && (
                <Table.Td>
                  <RowActions
                    editLabel={t('escalation.editNamed', { name: policy.name })}
                    deleteQuestion={t('escalation.deleteQuestion', { name: policy.name })}
                    onEdit={() => choose(policy.id)}
                    onDelete={() =>
                      remove.mutate(policy.id, {
                        onSuccess: () => setEditing((open) => (open === policy.id ? null : open)),
                      })
                    }
                  />
                </Table.Td>
              )}
            </Table.Tr>
          )}
        />
      </QueryState>
      <ErrorText error={remove.error ?? targets.error} />
      {writer && editing === null && (
        <Group>
          <Button onClick={() => choose('new')}>{t('escalation.add')}</Button>
        </Group>
      )}
      {(editing === 'new' || current) && (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
          <PolicyEditor
            key={editorKey}
            policy={current}
            onSaved={(item) => {
              setSaved(item);
              setEditing(item.id);
            }}
            onCancel={() => setEditing(null)}
          />
        </Paper>
      )}
    </Stack>
  );
}
