/**
 * Charts as inline SVG made on the server: no script, readable in print and in the PDF. Each chart is an
 * image with a title and a description (role="img", aria-labelledby) and the same figures are in a table.
 */
import { useId } from 'react';
import { formatInt, formatShare } from './format.ts';

const COLOURS = ['#1f4e79', '#b00020', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#5d4037', '#455a64'];

/** A round axis step: 1, 2 or 5 times a power of ten, whole numbers only, so that `ticks` steps cover `max`. */
export function niceStep(max: number, ticks: number): number {
  const raw = Math.max(1, max / ticks);
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5]) if (m * p >= raw) return m * p;
  return 10 * p;
}

export function TrendChart(props: {
  title: string;
  description: string;
  points: { label: string; bar: number; line: number | null }[];
  barLabel: string;
  lineLabel: string;
}) {
  const id = useId();
  const W = 640;
  const H = 260;
  const left = 64;
  const right = 12;
  const top = 28;
  const bottom = 36;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const step = niceStep(Math.max(1, ...props.points.map((p) => Math.max(p.bar, p.line ?? 0))), 4);
  const max = step * 4;
  const n = Math.max(1, props.points.length);
  const slot = plotW / n;
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const ticks = [0, 1, 2, 3, 4].map((i) => i * step);
  const linePoints = props.points
    .map((p, i) => (p.line === null ? null : `${left + slot * (i + 0.5)},${y(p.line)}`))
    .filter((p) => p !== null);
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-labelledby={`${id}t ${id}d`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}t`}>{props.title}</title>
      <desc id={`${id}d`}>{props.description}</desc>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={left} x2={W - right} y1={y(v)} y2={y(v)} stroke="#ddd" />
          <text x={left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#555">
            {formatInt(v)}
          </text>
        </g>
      ))}
      {props.points.map((p, i) => (
        <g key={p.label}>
          <rect
            x={left + slot * i + slot * 0.15}
            y={y(p.bar)}
            width={slot * 0.7}
            height={top + plotH - y(p.bar)}
            fill={i === props.points.length - 1 ? '#b00020' : '#1f4e79'}
          >
            <title>{`${p.label}: ${formatInt(p.bar)}`}</title>
          </rect>
          <text x={left + slot * (i + 0.5)} y={H - bottom + 16} textAnchor="middle" fontSize="11" fill="#333">
            {p.label}
          </text>
        </g>
      ))}
      {linePoints.length > 1 && (
        <polyline points={linePoints.join(' ')} fill="none" stroke="#ef6c00" strokeWidth="2" />
      )}
      {props.points.map((p, i) =>
        p.line === null ? null : (
          <circle key={p.label} cx={left + slot * (i + 0.5)} cy={y(p.line)} r="3" fill="#ef6c00" />
        ),
      )}
      <g fontSize="12">
        <rect x={left} y={6} width="12" height="12" fill="#1f4e79" />
        <text x={left + 16} y={16}>
          {props.barLabel}
        </text>
        <line x1={left + 140} x2={left + 160} y1={12} y2={12} stroke="#ef6c00" strokeWidth="2" />
        <text x={left + 166} y={16}>
          {props.lineLabel}
        </text>
      </g>
    </svg>
  );
}

/** Horizontal bars of shares (0..1), one row per item, labelled with the share and the count. */
export function ShareBars(props: {
  title: string;
  description: string;
  items: { label: string; share: number; count: number }[];
}) {
  const id = useId();
  const W = 640;
  const row = 22;
  const labelW = 200;
  const valueW = 130;
  const H = props.items.length * row + 8;
  const max = Math.max(0.0001, ...props.items.map((i) => i.share));
  const barMax = W - labelW - valueW;
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${W} ${Math.max(H, 30)}`}
      role="img"
      aria-labelledby={`${id}t ${id}d`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${id}t`}>{props.title}</title>
      <desc id={`${id}d`}>{props.description}</desc>
      {props.items.map((item, i) => (
        <g key={`${item.label}\u0000${item.count}`} transform={`translate(0 ${4 + i * row})`}>
          <text x={labelW - 8} y={row * 0.65} textAnchor="end" fontSize="12" fill="#1a1a1a">
            {item.label.length > 28 ? `${item.label.slice(0, 27)}…` : item.label}
          </text>
          <rect
            x={labelW}
            y={3}
            width={Math.max(1, (item.share / max) * barMax)}
            height={row - 8}
            fill={COLOURS[i % COLOURS.length]}
          />
          <text x={labelW + (item.share / max) * barMax + 6} y={row * 0.65} fontSize="12" fill="#333">
            {`${formatShare(item.share)} (${formatInt(item.count)})`}
          </text>
        </g>
      ))}
    </svg>
  );
}
