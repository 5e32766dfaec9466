import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/types.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { QueryState } from '../../components/QueryState.js';
import { canEditOncall, usePeople } from '../../features/oncall/people.js';
import { useDeleteTeam, useTeams } from '../../features/oncall/queries.js';
import { TeamEditor } from '../../features/oncall/TeamEditor.js';
import type { Team } from '../../features/oncall/types.js';
import { RowActions } from '../../features/sla/parts.js';

/** Teams of staff who share on-call duty. */
export function TeamsPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const people = usePeople();
  const remove = useDeleteTeam();
  const [editing, setEditing] = useState<string | null>(null);
  const current = teams.data?.find((team) => team.id === editing) ?? null;
  const writer = canEditOncall(user);
  return (
    <Stack>
      <Title order={2}>{t('teams.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('teams.explain')}
      </Text>
      <QueryState isLoading={teams.isLoading || people.isLoading} error={teams.error ?? people.error}>
        <DataTable<Team>
          minWidth={520}
          columns={[t('teams.name'), t('teams.members'), ...(writer ? [''] : [])]}
          rows={teams.data}
          empty={t('teams.none')}
          row={(team) => (
            <Table.Tr key={team.id}>
              <Table.Td>{team.name}</Table.Td>
              <Table.Td>{team.members.map(people.nameOf).join(', ') || '—'}</Table.Td>
              {writer && (
                <Table.Td>
                  <RowActions
                    editLabel={t('teams.edit', { name: team.name })}
                    deleteQuestion={t('teams.deleteQuestion', { name: team.name })}
                    onEdit={() => setEditing(team.id)}
                    onDelete={() =>
                      remove.mutate(team.id, {
                        onSuccess: () => setEditing((open) => (open === team.id ? null : open)),
                      })
                    }
                  />
                </Table.Td>
              )}
            </Table.Tr>
          )}
        />
      </QueryState>
      <ErrorText error={remove.error} />
      {writer && editing === null && (
        <Group>
          <Button onClick={() => setEditing('new')}>{t('teams.new')}</Button>
        </Group>
      )}
      {(editing === 'new' || current) && (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
          <TeamEditor
            key={editing}
            team={current}
            people={people.options}
            onSaved={(saved) => setEditing(saved.id)}
            onCancel={() => setEditing(null)}
          />
        </Paper>
      )}
    </Stack>
  );
}
