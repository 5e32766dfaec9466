import { Button, Group, Modal, Radio, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { SEVERITIES, type Severity } from '../../../shared/oncall.js';
import type { ManualPageInput } from '../../api/types.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { usePagingTargets } from '../escalation/people.js';
import { useServices } from '../escalation/queries.js';
import { useOpenPage } from './queries.js';

interface Form {
  title: string;
  severity: Severity;
  to: 'service' | 'user';
  target: string | null;
  details: string;
}

const EMPTY: Form = { title: '', severity: 'critical', to: 'service', target: null, details: '' };

/** "Page someone": a service (its escalation policy) or one person, with a title and severity; opens the new page. */
export function NewPageDialog() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [opened, { open, close }] = useDisclosure(false);
  const services = useServices();
  const targets = usePagingTargets();
  const create = useOpenPage();
  const [form, setForm] = useState<Form>(EMPTY);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const labels = {
    title: t('pages.new.title'),
    severity: t('pages.new.severity'),
    serviceId: t('pages.new.service'),
    userId: t('pages.new.user'),
    details: t('pages.new.details'),
  };
  const errors = fieldErrors(create.error, labels);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: ManualPageInput = { title: form.title, severity: form.severity };
    if (form.target) body[form.to === 'service' ? 'serviceId' : 'userId'] = form.target;
    if (form.details.trim()) body.details = form.details;
    create.mutate(body, {
      onSuccess: (page) => {
        close();
        navigate(`/pages/${page.id}`);
      },
    });
  };
  return (
    <>
      <Button
        color="red"
        onClick={() => {
          create.reset();
          setForm(EMPTY);
          open();
        }}
      >
        {t('pages.new.open')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t('pages.new.open')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <form onSubmit={submit}>
          <Stack gap="sm">
            <TextInput
              label={labels.title}
              required
              value={form.title}
              error={errors.errorOf('title')}
              onChange={(e) => set('title', e.currentTarget.value)}
            />
            <Select
              label={labels.severity}
              allowDeselect={false}
              data={SEVERITIES.map((value) => ({ value, label: t(`pages.severity.${value}`) }))}
              value={form.severity}
              error={errors.errorOf('severity')}
              onChange={(value) => value && set('severity', value as Severity)}
            />
            <Radio.Group
              label={t('pages.new.who')}
              value={form.to}
              onChange={(value) => setForm((f) => ({ ...f, to: value as Form['to'], target: null }))}
            >
              <Group mt={4}>
                <Radio value="service" label={t('pages.new.toService')} />
                <Radio value="user" label={t('pages.new.toUser')} />
              </Group>
            </Radio.Group>
            {form.to === 'service' ? (
              <Select
                label={labels.serviceId}
                placeholder={t('pages.new.defaultService')}
                clearable
                data={(services.data ?? []).map((service) => ({ value: service.id, label: service.name }))}
                value={form.target}
                error={errors.errorOf('serviceId')}
                onChange={(value) => set('target', value)}
              />
            ) : (
              <Select
                label={labels.userId}
                required
                searchable
                data={targets.users}
                value={form.target}
                error={errors.errorOf('userId')}
                onChange={(value) => set('target', value)}
              />
            )}
            <Textarea
              label={labels.details}
              autosize
              minRows={2}
              value={form.details}
              error={errors.errorOf('details')}
              onChange={(e) => set('details', e.currentTarget.value)}
            />
            <ErrorText error={errors.other} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" loading={create.isPending}>
                {t('pages.new.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
