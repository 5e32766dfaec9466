import { MultiSelect, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors } from '../../components/FieldErrors.js';
import { EditorActions } from '../sla/parts.js';
import type { PersonOption } from './people.js';
import { useSaveTeam } from './queries.js';
import type { Team, TeamInput } from './types.js';

/** Creates a team (`team` null) or renames it and replaces its members. */
export function TeamEditor({
  team,
  people,
  onSaved,
  onCancel,
}: {
  team: Team | null;
  people: PersonOption[];
  onSaved: (team: Team) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveTeam();
  const [form, setForm] = useState<TeamInput>(
    team ? { name: team.name, members: team.members } : { name: '', members: [] },
  );
  const set = <K extends keyof TeamInput>(key: K, value: TeamInput[K]) => {
    if (save.isSuccess) save.reset();
    setForm((f) => ({ ...f, [key]: value }));
  };
  const errors = fieldErrors(save.error, { name: t('teams.name'), members: t('teams.members') });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ teamId: team?.id, body: form }, { onSuccess: onSaved });
  };
  return (
    <form onSubmit={submit} aria-label={t('teams.editorLabel')}>
      <Stack>
        <Title order={3}>{team ? t('teams.edit', { name: team.name }) : t('teams.new')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('teams.name')}
            required
            value={form.name}
            error={errors.errorOf('name')}
            onChange={(e) => set('name', e.currentTarget.value)}
          />
          <MultiSelect
            label={t('teams.members')}
            searchable
            data={people}
            value={form.members}
            error={errors.errorOf('members')}
            onChange={(members) => set('members', members)}
          />
        </SimpleGrid>
        <EditorActions
          pending={save.isPending}
          saved={save.isSuccess}
          error={errors.other}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
