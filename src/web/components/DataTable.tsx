import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A list view: a header row and the rows, or a dimmed line saying there is nothing yet. */
export function DataTable<T>({
  columns,
  rows,
  empty,
  row,
  striped,
}: {
  columns: string[];
  rows: T[] | undefined;
  empty: string;
  row: (item: T) => ReactNode;
  striped?: boolean;
}) {
  if (rows?.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <Table striped={striped}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: several action columns have no title
            <Table.Th key={index}>{column}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>{rows?.map(row)}</Table.Tbody>
    </Table>
  );
}
