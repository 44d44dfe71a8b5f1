/**
 * One style sheet for the task pane and the sidebar. The root's host class switches the tokens:
 * Fluent 2 in Office, Google's add-on look in Sheets. Nothing is wider than the pane (300 px in
 * Sheets, 350 px in Excel): text wraps, formulas wrap only after "(" and ", ".
 */
export const APP_CSS = `
.kpi{--brand:#0f6cbd;--brand-hover:#115ea3;--brand-soft:#ebf3fc;--text:#242424;--muted:#616161;--border:#d1d1d1;--subtle:#f5f5f5;--danger:#b10e1c;--danger-soft:#fdf3f4;--ok:#0e700e;--ok-soft:#f1faf1;--radius:4px;--focus:#000;
--font:"Segoe UI","Segoe UI Web (West European)",-apple-system,BlinkMacSystemFont,Roboto,"Helvetica Neue",sans-serif;--font-zh:"Segoe UI","Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Noto Sans SC",sans-serif;--mono:Consolas,"SFMono-Regular",Menlo,monospace;
--p-title:#0f6cbd;--p-head:#b4d6fa;--p-input:#fff4ce;--p-formula:#fff;--p-total:#e0e0e0;--p-note:#f0f0f0;--p-line:#c7c7c7;
font:14px/1.43 var(--font);color:var(--text);background:#fff;box-sizing:border-box;max-width:100%;overflow-wrap:break-word}
.kpi.host-sheets{--brand:#1a73e8;--brand-hover:#1765cc;--brand-soft:#e8f0fe;--text:#202124;--muted:#5f6368;--border:#dadce0;--subtle:#f1f3f4;--danger:#d93025;--danger-soft:#fce8e6;--ok:#188038;--ok-soft:#e6f4ea;--radius:4px;--focus:#1a73e8;
--font:"Google Sans",Roboto,Arial,sans-serif;--font-zh:"Google Sans",Roboto,"Noto Sans SC","Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;--mono:"Roboto Mono",Consolas,monospace;
--p-title:#1a73e8;--p-head:#c6dafc;--p-input:#fef7e0;--p-total:#e8eaed;--p-note:#f1f3f4;--p-line:#dadce0;font-size:13px}
:lang(zh) .kpi,.kpi:lang(zh){font-family:var(--font-zh)}
.kpi *,.kpi *::before,.kpi *::after{box-sizing:border-box}
.kpi :focus-visible{outline:2px solid var(--focus);outline-offset:1px}
.kpi button,.kpi input,.kpi select{font:inherit;color:inherit}
.kpi .top{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:8px 12px 0;flex-wrap:wrap}
.kpi .tabs{display:flex;gap:4px}
.kpi .tab{border:0;background:none;padding:6px 8px;border-bottom:2px solid transparent;cursor:pointer;color:var(--muted);font-weight:600}
.kpi .tab[aria-selected=true]{color:var(--text);border-bottom-color:var(--brand)}
.kpi .lang{border:1px solid var(--border);background:#fff;border-radius:var(--radius);padding:1px 8px;cursor:pointer;font-size:12px;color:var(--muted)}
.kpi .lang:hover{border-color:var(--brand);color:var(--brand)}
.kpi .panel{padding:8px 12px 16px;border-top:1px solid var(--border)}
.kpi h1,.kpi h2,.kpi h3{margin:0;font-weight:600}
.kpi h2{font-size:16px;margin:4px 0 8px}
.kpi p{margin:6px 0}
.kpi .muted{color:var(--muted);font-size:12px}
.kpi .gallery{list-style:none;margin:8px 0 0;padding:0;display:grid;gap:8px}
.kpi .card{display:grid;grid-template-columns:88px 1fr;gap:4px 10px;width:100%;text-align:left;background:#fff;border:1px solid var(--border);border-radius:var(--radius);padding:8px;cursor:pointer}
.kpi .card:hover{border-color:var(--brand);background:var(--brand-soft)}
.kpi .card .picture{grid-row:span 3;width:88px;height:auto;align-self:start}
.kpi .card .name{font-weight:600;color:var(--text)}
.kpi .card .about{font-size:12px;color:var(--text)}
.kpi .card .who{font-size:12px;color:var(--muted)}
.kpi .picture .p-grid{fill:#fff;stroke:var(--p-line);stroke-width:.5}
.kpi .picture rect{stroke:var(--p-line);stroke-width:.3}
.kpi .picture .p-title{fill:var(--p-title);stroke:none}
.kpi .picture .p-sub,.kpi .picture .p-note{fill:var(--p-note);stroke:none}
.kpi .picture .p-head{fill:var(--p-head)}
.kpi .picture .p-input{fill:var(--p-input)}
.kpi .picture .p-formula,.kpi .picture .p-value{fill:var(--p-formula)}
.kpi .picture .p-total{fill:var(--p-total)}
.kpi .back{border:0;background:none;color:var(--brand);padding:4px 0;cursor:pointer}
.kpi .back::before{content:"‹ "}
.kpi .form-head{display:grid;grid-template-columns:72px 1fr;gap:10px;align-items:center;margin-bottom:8px}
.kpi .form-head .picture{width:72px;height:auto}
.kpi .field{margin:0 0 12px;border:0;padding:0;min-width:0}
.kpi .field>label,.kpi .field>legend{display:block;font-weight:600;margin-bottom:4px;padding:0;font-size:13px}
.kpi .field .help{display:block;color:var(--muted);font-size:12px;margin-top:2px}
.kpi input[type=text],.kpi input[type=search],.kpi select{width:100%;min-width:0;padding:5px 8px;border:1px solid var(--border);border-bottom-color:#616161;border-radius:var(--radius);background:#fff;min-height:32px}
.kpi.host-sheets input[type=text],.kpi.host-sheets input[type=search],.kpi.host-sheets select{border-bottom-color:var(--border)}
.kpi .field>label.radio{display:flex;align-items:flex-start;gap:6px;margin:4px 0;font-weight:400}
.kpi .radio input{margin:3px 0 0}
.kpi .btn{border:1px solid var(--border);background:#fff;border-radius:var(--radius);padding:5px 12px;cursor:pointer;min-height:32px;font-weight:600}
.kpi .btn.primary{background:var(--brand);border-color:var(--brand);color:#fff}
.kpi .btn.primary:hover{background:var(--brand-hover)}
.kpi .btn:disabled{opacity:.55;cursor:default}
.kpi.host-sheets .btn{font-weight:500;padding:5px 16px}
.kpi .actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:8px}
.kpi .bar{height:6px;background:var(--subtle);border-radius:3px;overflow:hidden;margin:8px 0 4px}
.kpi .bar>div{height:100%;background:var(--brand);transition:width .2s}
.kpi .box{border-radius:var(--radius);padding:8px 10px;margin:8px 0;border:1px solid var(--border)}
.kpi .box p{margin:2px 0}
.kpi .box.ok{background:var(--ok-soft);border-color:var(--ok)}
.kpi .box.err{background:var(--danger-soft);border-color:var(--danger)}
.kpi .box.warn{background:#fff9e6;border-color:#c19c00}
.kpi .box strong{display:block}
.kpi .ref-note{color:var(--muted);font-size:12px}
.kpi .status{min-height:1.4em;font-size:12px;color:var(--ok);overflow-wrap:anywhere}
.kpi .status.err{color:var(--danger)}
.kpi .fn{border-top:1px solid var(--border);padding:10px 0}
.kpi .sig{font:600 13px/1.4 var(--mono);margin:0 0 4px;word-break:keep-all}
.kpi .fn h3{font-size:12px;color:var(--muted);margin:8px 0 2px}
.kpi .params{margin:0}
.kpi .params dt{font-family:var(--mono);font-size:12px;font-weight:600;margin-top:6px}
.kpi .params dt small{font-family:var(--font);font-weight:400;color:var(--muted)}
.kpi .params dd{margin:0 0 0 12px;font-size:12px}
.kpi .ex{background:var(--subtle);border-radius:var(--radius);padding:6px 8px;margin:6px 0}
.kpi .ex code{display:block;font:12px/1.45 var(--mono);white-space:normal;overflow-wrap:normal;word-break:keep-all;overflow-x:auto}
.kpi .ex .row{display:flex;align-items:center;justify-content:space-between;gap:8px;margin-top:2px}
.kpi .ex .res{color:var(--muted);font-size:12px;min-width:0;overflow-wrap:anywhere}
.kpi .ex .btn{min-height:26px;padding:2px 10px;font-size:12px}
.kpi .confirm{margin-top:6px;font-size:12px}
.kpi .empty{color:var(--muted)}
.kpi .mapping{width:100%;border-collapse:collapse;table-layout:fixed;margin:6px 0;font-size:12px}
.kpi .mapping th,.kpi .mapping td{border-bottom:1px solid var(--border);padding:4px 4px 4px 0;text-align:left;vertical-align:top;font-weight:400;min-width:0}
.kpi .mapping thead th{font-weight:600;color:var(--muted)}
.kpi .mapping thead th:last-child,.kpi .mapping td{width:46%}
.kpi .mapping label{display:block;white-space:pre-line;overflow-wrap:anywhere}
.kpi .mapping .col-letter{font:600 11px var(--mono);color:var(--muted)}
.kpi .mapping .col-header{font-weight:600}
.kpi .mapping .samples{display:block;color:var(--muted);overflow-wrap:anywhere}
.kpi .mapping .samples .v{display:inline-block;max-width:100%}
.kpi .mapping select{min-height:28px;padding:2px 4px;font-size:12px}
.kpi .problems{margin:4px 0;padding:0 0 0 16px;font-size:12px}
.kpi .problems li{margin:2px 0;overflow-wrap:anywhere}
.kpi .confirm-problems p{font-size:12px}
.kpi .confirm-problems+.field{margin-top:12px}
.kpi .problems .cell-text{margin-left:6px;font:12px var(--mono);background:var(--subtle);padding:0 4px;border-radius:2px;white-space:pre-wrap}
.kpi .problems .reason{display:block;color:var(--muted)}
.kpi .update-entry{margin:8px 0;padding:8px 10px;border:1px solid var(--border);border-radius:var(--radius)}
.kpi .update-entry.found{background:var(--brand-soft);border-color:var(--brand)}
.kpi .update-entry:not(.found){margin-top:12px;border-style:dashed}
.kpi .update-entry .actions{margin-top:4px}
.kpi textarea{font:inherit;width:100%;min-width:0;padding:5px 8px;border:1px solid var(--border);border-bottom-color:#616161;border-radius:var(--radius);background:#fff;resize:vertical;tab-size:16}
.kpi.host-sheets textarea{border-bottom-color:var(--border)}
.kpi textarea.roster{font:12px/1.5 var(--mono);white-space:pre;overflow-wrap:normal;overflow-x:auto}
.kpi textarea[aria-invalid=true]{border-color:#c19c00}
.kpi .summary{margin:8px 0;padding:6px 10px;background:var(--subtle);border-radius:var(--radius)}
.kpi .summary h3{font-size:13px;margin:2px 0 4px}
.kpi .summary ul{margin:0;padding:0 0 0 16px;font-size:12px}
.kpi .summary li{margin:2px 0;overflow-wrap:anywhere}
.kpi .summary .archived{color:var(--danger)}
.kpi .summary .added{color:var(--ok)}
.kpi .export{margin:4px 0 12px;padding:6px 8px;border-left:3px solid var(--brand-soft)}
.kpi .export h3{font-size:13px;margin:4px 0}
.kpi .sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;
