/** ECharts' German locale (UMD object: time, series type names and the aria description texts). */
declare module 'echarts/i18n/langDE-obj.js' {
  const lang: Record<string, unknown>;
  export default lang;
}
