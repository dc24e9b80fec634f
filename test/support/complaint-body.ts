// Kept apart from test-app.ts so specs that drive the built service in child processes can
// build request bodies without loading the application's modules.

let seq = 0;
/** A unique phone-like customer reference. */
export const uniqueRef = () => `139${String(Date.now()).slice(-5)}${String(process.pid % 100).padStart(2, '0')}${String(++seq).padStart(3, '0')}`;

export const complaintBody = (extra: Record<string, unknown> = {}) => ({
  customer: { externalRef: uniqueRef(), name: '张三', phone: '13900000000', tier: 'gold' },
  channel: 'front_desk',
  category: 'billing',
  summary: '话费多扣了50元',
  description: '上个月账单多扣了50元,营业厅说是系统问题,至今未处理。',
  ...extra,
});
