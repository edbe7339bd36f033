import type { ReactNode } from 'react';
import { Empty } from './ui.tsx';

/**
 * A loaded list as the console draws it: nothing until the items are there (the screen shows <Loading/> and
 * the error itself), the `empty` text when there are none, else a scrolling table named by `label`.
 * Without an `empty` text an empty list still shows the table with its header row (the admin lists do).
 * `row` returns the whole `<tr key=…>`, so each screen keeps its own cells and keys.
 */
export function ListTable<Item>(props: {
  label: string;
  items: readonly Item[] | undefined;
  empty?: string;
  head: ReactNode;
  row(item: Item, index: number): ReactNode;
}) {
  const { items } = props;
  if (!items) return null;
  if (items.length === 0 && props.empty !== undefined) return <Empty>{props.empty}</Empty>;
  return (
    <div className="table-wrap">
      <table className="list" aria-label={props.label}>
        <thead>
          <tr>{props.head}</tr>
        </thead>
        <tbody>{items.map((item, index) => props.row(item, index))}</tbody>
      </table>
    </div>
  );
}

/** The header cells of a list table: one `<th scope="col">` a column, in order. */
export function ColumnHeads({ labels }: { labels: readonly ReactNode[] }) {
  return (
    <>
      {labels.map((label, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a table's columns are fixed and never reorder
        <th scope="col" key={i}>
          {label}
        </th>
      ))}
    </>
  );
}
