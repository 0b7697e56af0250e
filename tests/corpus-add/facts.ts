// Facts each fixture's excerpt states, as the seed texts word them; checked after ingestion.

export const FIXTURE_FACTS: Record<string, string[]> = {
  'kushiro-kokusai.pdf': [
    'ペトロパブロフスク・カムチャツキー市',
    '平成10（1998）年8月25日',
    '人口（2019年）181,181人',
    '平成28年4月1日開設',
    '延べ1,816人',
    '北海道移住・交流フェア（大阪）相談者数63名',
    '北海道移住・交流フェア（東京）相談者数50名',
    'くしろステイメンバースカード発行枚数778枚',
    '参加者数3名（募集定員6名）',
    '長期滞在者1,525組2,364人、延べ滞在日数31,628日',
  ],
  'kushiro-tokyo.docx': [
    '昭和53年5月29日開設',
    '〒102-0093',
    '東京都千代田区平河町2-4-1 日本都市センター会館9階',
    '(03) 3263-1992',
    '(03) 3239-3669',
    'so-tokyo@city.kushiro.lg.jp',
    '来所者数',
    '230',
    '336',
    '149',
    '永田町駅 (南北線) 9番出口より徒歩約3分',
    '麹町駅 (有楽町線) 半蔵門方面出口より徒歩約4分',
  ],
  'kamaishi-zaisei.html': [
    '公債費の平準化',
    '収納率の向上',
    '企業版ふるさと納税',
    '釜石市立地適正化計画',
    '経常収支比率',
    '99.8%',
    '96.0%',
    '実質公債費比率',
    '439人',
    '353人',
    '330人',
    '女性管理職比率',
    '総務企画部 財政課',
  ],
  'kushiro-gaikyo-sjis.txt': [
    '平成３０年度から平成３９年度までの１０年間',
    '約87％',
    '東経144°22′24″',
    '北緯42°58′10″',
    '1,362.90k㎡',
    '21.1℃',
    '阿寒摩周国立公園',
    '平成27年 釧路市まちづくり基本条例 施行',
  ],
  'kushiro-ikinai-eucjp.txt': [
    '都市経営戦略プラン ～政策プラン～',
    '「選択と集中」',
    'ひがし北海道',
    '「外から稼ぐ力」の醸成',
    '域内連関に取り組む理由',
  ],
  'kushiro-renkan.md': [
    'いきないれんかん',
    '付加価値の創造や地域課題の解決',
    '釧路市内を基本とし、広域的視点からはひがし北海道を想定',
    'それぞれができることを考えることが重要',
  ],
};

/** Whitespace-free NFKC, so a fact matches whatever line breaks and spacing the cleanup chose. */
export function squash(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}
