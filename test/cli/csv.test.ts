import { describe, expect, it } from 'vitest';
import { decodeText, encodingNote, splitCsv } from '../../cli/csv.js';

describe('decodeText', () => {
  const gbk = Buffer.from('d5c5ceb02cbbaab6ab', 'hex'); // "张伟,华东" in GBK

  it('reads UTF-8 with or without BOM, and UTF-16 by its BOM', () => {
    expect(decodeText(Buffer.from('\ufeffMüller,张伟'), 'en')).toEqual({ text: 'Müller,张伟', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('Müller'), 'zh-CN')).toEqual({ text: 'Müller', encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('张伟\tA', 'utf16le')]), 'en')).toEqual({ text: '张伟\tA', encoding: 'utf-16le' });
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('张伟', 'utf16le').swap16()]), 'en')).toEqual({ text: '张伟', encoding: 'utf-16be' });
  });

  it('reads a file in the Windows code page: GBK for a Chinese user, Windows-1252 otherwise, and says so', () => {
    expect(decodeText(gbk, 'zh-CN')).toEqual({ text: '张伟,华东', encoding: 'gb18030' });
    expect(decodeText(Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]), 'en')).toEqual({ text: 'Müller', encoding: 'windows-1252' });
    // Bytes GB18030 cannot read are Windows-1252 even for a Chinese user.
    expect(decodeText(Buffer.from([0x4d, 0xfc, 0x22]), 'zh-CN').encoding).toBe('windows-1252');
    expect(encodingNote('names.csv', 'gb18030', 'en')).toBe('names.csv is not saved as UTF-8; it was read as GBK (GB18030). If a name below looks wrong, save the file as "CSV UTF-8" and run again.');
    expect(encodingNote('名单.csv', 'windows-1252', 'zh-CN')).toBe('名单.csv 不是 UTF-8 编码，已按 Windows-1252 读取。如下面的姓名显示不对，请将文件另存为“CSV UTF-8”后重新运行。');
    expect(encodingNote('names.csv', 'utf-16le', 'en')).toBeUndefined();
    expect(splitCsv(decodeText(gbk, 'zh-CN').text, ',')).toEqual([['张伟', '华东']]);
  });
});
