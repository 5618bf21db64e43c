// What the dashboard shows and how it reads it: the stat cards (today and
// cumulative of every module), the ranking metrics, and the ECharts options
// (trend, decisions, ranking) for the desk (light) and the big screen (dark).
import type { Block, Dashboard, DashboardChild, Stocks } from '@/api/command/dashboard'
import type { ChartOption } from '@/composables/useChart'

type T = (key: string) => string
const c = (b: Block, k: string) => b.community[k] ?? 0

export interface Stat {
  key: string
  module: 'screening' | 'handover' | 'gate' | 'observation' | 'tasks'
  today: (d: Dashboard) => number
  cumulative: (d: Dashboard) => number
  /** A stock (on the day) instead of a sum: the card shows one number. */
  stock?: boolean
  /** Shown as "a / b" with b here (receipts of handovers, done of due). */
  of?: (b: Block) => number
  alert?: boolean
}

const stock = (k: keyof Stocks) => (d: Dashboard) => d.cumulative.stocks[k]

export const STATS: Stat[] = [
  { key: 'vehicles', module: 'screening', today: (d) => d.today.screening.vehicles, cumulative: (d) => d.cumulative.screening.vehicles },
  { key: 'people', module: 'screening', today: (d) => d.today.screening.people, cumulative: (d) => d.cumulative.screening.people },
  { key: 'vehicles_turned_back', module: 'screening', today: (d) => d.today.screening.vehicles_turned_back, cumulative: (d) => d.cumulative.screening.vehicles_turned_back },
  { key: 'people_turned_back', module: 'screening', today: (d) => d.today.screening.people_turned_back, cumulative: (d) => d.cumulative.screening.people_turned_back },
  { key: 'fever', module: 'screening', alert: true, today: (d) => d.today.screening.fever, cumulative: (d) => d.cumulative.screening.fever },
  { key: 'handovers', module: 'handover', today: (d) => d.today.screening.handovers, cumulative: (d) => d.cumulative.screening.handovers },
  { key: 'handovers_receipted', module: 'handover', today: (d) => d.today.screening.handovers_receipted, cumulative: (d) => d.cumulative.screening.handovers_receipted },
  { key: 'gate_passages', module: 'gate', today: (d) => c(d.today, 'gate_exits') + c(d.today, 'gate_returns'), cumulative: (d) => c(d.cumulative, 'gate_exits') + c(d.cumulative, 'gate_returns') },
  { key: 'gate_visitors', module: 'gate', today: (d) => c(d.today, 'gate_visitors'), cumulative: (d) => c(d.cumulative, 'gate_visitors') },
  { key: 'gate_refused', module: 'gate', today: (d) => refused(d.today), cumulative: (d) => refused(d.cumulative) },
  { key: 'under_observation', module: 'observation', stock: true, today: stock('under_observation'), cumulative: (d) => c(d.cumulative, 'observation_started') },
  { key: 'rounds_done', module: 'observation', today: (d) => c(d.today, 'rounds_done'), cumulative: (d) => c(d.cumulative, 'rounds_done') },
  { key: 'open_alerts', module: 'observation', stock: true, alert: true, today: stock('open_alerts'), cumulative: (d) => c(d.cumulative, 'alerts_opened') },
  { key: 'tasks_done', module: 'tasks', today: (d) => c(d.today, 'tasks_done'), cumulative: (d) => c(d.cumulative, 'tasks_done') },
]

export function refused(b: Block): number {
  return c(b, 'refused_fever') + c(b, 'refused_quota') + c(b, 'refused_not_resident') + c(b, 'refused_other')
}

/** Ranking metrics: what a child is ranked by. */
export const METRICS: Record<string, (b: Block) => number> = {
  people: (b) => b.screening.people,
  vehicles: (b) => b.screening.vehicles,
  turned_back: (b) => b.screening.people_turned_back,
  gate_passages: (b) => c(b, 'gate_exits') + c(b, 'gate_returns'),
  tasks_done: (b) => c(b, 'tasks_done'),
}

/** The metric that says something at this level: screening where there are checkpoints, else gates. */
export function defaultMetric(d: Dashboard): string {
  return d.children.some((ch) => ch.cumulative.screening.people > 0) ? 'people' : 'gate_passages'
}

export function childName(ch: DashboardChild, t: T): string {
  return ch.kind === 'self' ? `${ch.name}（${t('dash.self')}）` : ch.name
}

export function formatNumber(n: number): string {
  return n.toLocaleString('zh-CN')
}

interface Palette {
  text: string
  sub: string
  line: string
  colors: string[]
}
const LIGHT: Palette = { text: '#303133', sub: '#909399', line: '#e4e7ed', colors: ['#409eff', '#67c23a', '#e6a23c', '#f56c6c', '#9b59b6', '#14b8a6'] }
const DARK: Palette = { text: '#d8ecff', sub: '#7fa7c9', line: 'rgba(64,158,255,0.18)', colors: ['#29d3ff', '#3ef0a5', '#ffc53d', '#ff5c5c', '#b37feb', '#4e8cff'] }

function axis(p: Palette) {
  return {
    axisLine: { lineStyle: { color: p.line } },
    axisLabel: { color: p.sub },
    splitLine: { lineStyle: { color: p.line } },
  }
}

export function trendOption(d: Dashboard, t: T, dark = false): ChartOption {
  const p = dark ? DARK : LIGHT
  const x = d.trend.map((r) => r.day.slice(5))
  const line = (name: string, values: number[], area = false) => ({
    name,
    type: 'line',
    smooth: 0.3,
    symbolSize: 5,
    data: values,
    areaStyle: area ? { opacity: dark ? 0.18 : 0.08 } : undefined,
  })
  const series = [
    line(t('dash.stat.people'), d.trend.map((r) => r.screening.people), true),
    line(t('dash.stat.vehicles'), d.trend.map((r) => r.screening.vehicles)),
    line(t('dash.stat.people_turned_back'), d.trend.map((r) => r.screening.people_turned_back)),
    line(t('dash.stat.fever'), d.trend.map((r) => r.screening.fever)),
  ]
  if (d.target.kind !== 'point') {
    series.push(line(t('dash.stat.gate_passages'), d.trend.map((r) => c(r, 'gate_exits') + c(r, 'gate_returns'))))
    series.push(line(t('dash.stat.tasks_done'), d.trend.map((r) => c(r, 'tasks_done'))))
  }
  return {
    color: p.colors,
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: p.text } },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: x, boundaryGap: false, ...axis(p) },
    yAxis: { type: 'value', minInterval: 1, ...axis(p) },
    series,
  }
}

export function decisionsOption(d: Dashboard, which: 'today' | 'cumulative', t: T, dark = false): ChartOption {
  const p = dark ? DARK : LIGHT
  const dec = d.decisions[which]
  const checkpoint = [
    { name: t('dash.dec.people_passed'), value: dec.people_passed, itemStyle: { color: p.colors[0] } },
    { name: t('dash.dec.people_turned_back'), value: dec.people_turned_back, itemStyle: { color: p.colors[2] } },
    { name: t('dash.dec.fever'), value: dec.fever, itemStyle: { color: p.colors[3] } },
  ]
  const gateColors = dark ? ['#ff8a5c', '#ffd666', '#95de64', '#adc6ff'] : ['#f89898', '#eebe77', '#95d475', '#a0cfff']
  const gate = (['fever', 'quota', 'not_resident', 'other'] as const).map((k, i) => ({
    name: t(`dash.dec.refused_${k}`),
    value: dec.gate_refused[k],
    itemStyle: { color: gateColors[i] },
  }))
  const label = { color: p.text, formatter: '{b}\n{c}' }
  return {
    color: p.colors,
    backgroundColor: 'transparent',
    tooltip: { trigger: 'item', formatter: '{a}<br/>{b}: {c} ({d}%)' },
    legend: { bottom: 0, textStyle: { color: p.text }, type: 'scroll' },
    series: [
      { name: t('dash.dec.checkpoint'), type: 'pie', radius: ['0%', '38%'], center: ['50%', '45%'], label: { show: false }, data: checkpoint },
      { name: t('dash.dec.gate'), type: 'pie', radius: ['50%', '64%'], center: ['50%', '45%'], label, minShowLabelAngle: 4, data: gate },
    ],
  }
}

export function rankingOption(d: Dashboard, metric: string, which: 'today' | 'cumulative', t: T, dark = false): ChartOption {
  const p = dark ? DARK : LIGHT
  const f = METRICS[metric] ?? METRICS.people
  const rows = [...d.children].sort((a, b) => f(a[which]) - f(b[which])).slice(-15)
  return {
    color: p.colors,
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, ...axis(p) },
    yAxis: { type: 'category', data: rows.map((ch) => childName(ch, t)), ...axis(p), axisLabel: { color: p.text, width: 150, overflow: 'truncate' } },
    series: [
      {
        name: t(`dash.metric.${metric}`),
        type: 'bar',
        barMaxWidth: 18,
        data: rows.map((ch) => ({ value: f(ch[which]), child: { kind: ch.kind, id: ch.id, has_children: ch.has_children } })),
        label: { show: true, position: 'right', color: p.text },
        itemStyle: { borderRadius: [0, 4, 4, 0] },
        cursor: 'pointer',
      },
    ],
  }
}

/** Can this child be opened? Units and points can; a unit's own records are already shown here. */
export function drillable(ch: { kind: string }): boolean {
  return ch.kind === 'point' || ch.kind === 'unit'
}
