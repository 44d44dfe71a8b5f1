import type { Locale } from '../types.js';

/** Names for sample rows: common Chinese names (surname first) and English names. */
export const SAMPLE_NAMES: Readonly<Record<Locale, readonly string[]>> = {
  'zh-CN': [
    '张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '赵磊', '黄丽', '周杰', '吴敏',
    '徐强', '孙悦', '马骏', '朱琳', '胡斌', '郭婷', '何超', '高敏', '林涛', '罗佳',
    '郑凯', '梁雪', '谢晨', '宋佳怡', '唐浩', '许晴', '韩雷', '冯雅', '邓昊', '曹颖',
    '彭博', '曾思远', '萧然', '田甜', '董鹏', '潘玉', '袁野', '蒋文', '蔡红', '余志刚',
    '杜娟', '叶青', '程雨', '魏巍', '苏畅', '吕晓', '丁一', '任杰', '沈洁', '姚明轩',
  ],
  en: [
    'Emma Johnson', 'Liam Smith', 'Olivia Brown', 'Noah Williams', 'Ava Jones', 'James Garcia',
    'Sophia Miller', 'Lucas Davis', 'Mia Wilson', 'Ethan Moore', 'Isabella Taylor', 'Mason Anderson',
    'Amelia Thomas', 'Logan Jackson', 'Harper White', 'Elijah Harris', 'Evelyn Martin', 'Aiden Thompson',
    'Abigail Clark', 'Jackson Lewis', 'Emily Walker', 'Sebastian Hall', 'Ella Allen', 'Henry Young',
    'Grace King', 'Owen Wright', 'Chloe Scott', 'Daniel Green', 'Zoe Baker', 'Samuel Adams',
    'Lily Nelson', 'Jack Carter', 'Hannah Mitchell', 'Leo Perez', 'Nora Roberts', 'Wyatt Turner',
    'Aria Phillips', 'David Campbell', 'Layla Parker', 'Joseph Evans', 'Riley Edwards', 'Carter Collins',
    'Victoria Stewart', 'Julian Morris', 'Penelope Rogers', 'Gabriel Reed', 'Stella Cook', 'Isaac Morgan',
    'Lucy Bell', 'Anthony Murphy',
  ],
};

/** The sample name of employee `i` (0-based); past the list, names get a number. */
export function sampleName(lang: Locale, i: number): string {
  const names = SAMPLE_NAMES[lang];
  const base = names[i % names.length]!;
  const round = Math.floor(i / names.length);
  return round === 0 ? base : `${base} ${round + 1}`;
}

/** Short sample comments a manager or a rater might type. */
export const SAMPLE_COMMENTS: Readonly<Record<Locale, readonly string[]>> = {
  'zh-CN': [
    '按计划推进，表现稳定',
    '重点客户突破明显',
    '需加强过程管理',
    '跨部门协作积极主动',
    '季度末发力，需均衡节奏',
    '超额完成，值得表扬',
    '沟通及时，响应迅速',
    '数据口径需与财务对齐',
  ],
  en: [
    'On plan, steady work',
    'Strong wins with key accounts',
    'Needs tighter follow-up',
    'Works well across teams',
    'Late push at quarter end',
    'Well above target',
    'Quick, clear communication',
    'Align figures with finance',
  ],
};
