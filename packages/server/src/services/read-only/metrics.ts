import { Gauge, type Registry } from 'prom-client'
import type { ReadOnly } from './index.ts'

const REASONS = ['admin', 'disk_full', 'low_disk_space', 'database_read_only'] as const

/** Adds read-only mode to a Prometheus registry: 1 while writes are refused (labelled by why), and the free space it watches. */
export function registerReadOnlyMetrics(registry: Registry, readOnly: ReadOnly): void {
  new Gauge({
    name: 'phare_read_only', help: '1 while this node refuses writes (read-only mode), by reason; 0 otherwise', labelNames: ['reason'], registers: [registry],
    collect() {
      const reason = readOnly.view().reason
      for (const r of REASONS) this.set({ reason: r }, reason === r ? 1 : 0)
    },
  })
  new Gauge({
    name: 'phare_data_dir_free_bytes', help: "free bytes on the data directory's file system (read-only mode starts under PHARE_READ_ONLY_FREE_MB)", registers: [registry],
    collect() { const f = readOnly.freeBytes(); if (f !== null) this.set(f) },
  })
}
