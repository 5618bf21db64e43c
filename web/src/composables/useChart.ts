// ECharts behind one composable: tree-shaken imports from echarts/core (only
// the line, bar and pie charts and the components the pages use, on canvas),
// one chart per element, options re-applied when the getter's value changes,
// resized with its element, disposed on unmount.
import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref } from 'vue'
import * as echarts from 'echarts/core'
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'
import type { EChartsCoreOption } from 'echarts/core'

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer])

export type ChartOption = EChartsCoreOption

/** What a click on a series item hands back (name, the data item, its index). */
export interface ChartClick {
  name: string
  data: unknown
  dataIndex: number
  seriesIndex?: number
}

export interface UseChartOptions {
  /** 'dark' for the big screen; the desk uses the default light theme. */
  theme?: 'dark'
  onClick?: (p: ChartClick) => void
}

export function useChart(el: Ref<HTMLElement | undefined | null>, option: () => ChartOption | null, opts: UseChartOptions = {}) {
  const chart = shallowRef<echarts.ECharts | null>(null)
  let observer: ResizeObserver | null = null
  let bound: HTMLElement | null = null

  function dispose() {
    observer?.disconnect()
    observer = null
    chart.value?.dispose()
    chart.value = null
    bound = null
  }
  // The element may appear after mount (inside a v-if) or be replaced: (re)bind to it.
  function bind() {
    const node = el.value ?? null
    if (node === bound) return
    dispose()
    if (!node) return
    bound = node
    chart.value = echarts.init(node, opts.theme, { renderer: 'canvas' })
    if (opts.onClick) chart.value.on('click', (p) => opts.onClick?.(p as unknown as ChartClick))
    observer = new ResizeObserver(() => chart.value?.resize())
    observer.observe(node)
  }
  function apply() {
    bind()
    const o = option()
    if (chart.value && o) chart.value.setOption(o, { notMerge: true })
  }

  onMounted(apply)
  watch([el, option], apply, { flush: 'post' })
  onBeforeUnmount(dispose)
  return { chart }
}
